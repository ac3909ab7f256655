//! Helpers shared by the end-to-end test files: run the binary, find `../shared`, start
//! `naba serve`.
#![allow(dead_code)] // each test file uses a different subset

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const NABA: &str = env!("CARGO_BIN_EXE_naba");

pub fn naba(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(NABA).args(args).output().expect("run naba");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run naba with `stdin` as its standard input.
pub fn run_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(NABA)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// `../shared` beside the repository, if present; otherwise says the test is skipped.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("seed/article.txt").exists() && p.join("seed/expected.json").exists() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared (seed article and datasets) is not beside the repository");
        None
    }
}

/// A running `naba serve`; `.1` is its `host:port`. Killed on drop.
pub struct Server(pub Child, pub String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_server(db: &Path) -> Server {
    let mut child = Command::new(NABA)
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut l = String::new();
    err.read_line(&mut l).unwrap();
    let addr = l
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {l:?}"))
        .to_string();
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    Server(child, addr)
}
