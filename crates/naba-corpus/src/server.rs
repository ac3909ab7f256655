//! `naba serve`: the HTTP JSON API and the embedded web UI (axum on tokio).
//!
//! Every error is JSON (`{"error": {"status": 404, "message": "…"}}`) with its proper status,
//! including the ones axum produces itself (bad paths, bad query strings, wrong methods, bodies
//! over the limit); every request has a deadline; blocking work (search, SQLite, analysis) runs
//! on the blocking pool.

use crate::read::{BadRequest, CorpusReader, SearchRequest};
use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use naba_doc::Document;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body accepted (bytes).
pub const MAX_BODY: usize = 1 << 20;
/// Longest text `POST /api/analyze` accepts (chars).
pub const MAX_ANALYZE_CHARS: usize = 200_000;
/// Deadline for one request.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Analyse ad-hoc text: `(text, title, published) → Document`.
pub type Analyze =
    Arc<dyn Fn(String, Option<String>, Option<String>) -> Document + Send + Sync + 'static>;

#[derive(Clone)]
struct AppState {
    reader: Arc<CorpusReader>,
    analyze: Analyze,
}

/// An API error: a status and a message, sent as JSON.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"status": self.0.as_u16(), "message": self.1}});
        (self.0, Json(body)).into_response()
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        if let Some(b) = e.downcast_ref::<BadRequest>() {
            ApiError(StatusCode::BAD_REQUEST, b.0.clone())
        } else {
            ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
        }
    }
}

fn not_found(what: &str) -> ApiError {
    ApiError(StatusCode::NOT_FOUND, format!("no such {what}"))
}

/// Run blocking work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(_) => Err(ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error while handling the request".into(),
        )),
    }
}

async fn search(
    State(s): State<AppState>,
    Query(req): Query<SearchRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let r = s.reader.clone();
    let res = blocking(move || r.search(&req)).await?;
    Ok(Json(
        serde_json::to_value(res).map_err(anyhow::Error::from)?,
    ))
}

async fn document(
    State(s): State<AppState>,
    Path(seq): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let r = s.reader.clone();
    blocking(move || r.document(seq))
        .await?
        .map(Json)
        .ok_or_else(|| not_found("document"))
}

async fn entity(
    State(s): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if key.len() > 512 {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "entity key too long".into(),
        ));
    }
    let r = s.reader.clone();
    blocking(move || r.entity(&key))
        .await?
        .map(Json)
        .ok_or_else(|| not_found("entity"))
}

async fn story(
    State(s): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let r = s.reader.clone();
    blocking(move || r.story(id))
        .await?
        .map(Json)
        .ok_or_else(|| not_found("story"))
}

#[derive(Deserialize)]
struct Limit {
    limit: Option<usize>,
}

async fn stories(
    State(s): State<AppState>,
    Query(l): Query<Limit>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let r = s.reader.clone();
    let n = l.limit.unwrap_or(20).min(200);
    blocking(move || {
        r.top_stories(n)
            .map(|v| Json(serde_json::json!({ "stories": v })))
    })
    .await
}

async fn outlet(
    State(s): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if name.len() > 512 {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "outlet name too long".into(),
        ));
    }
    let r = s.reader.clone();
    blocking(move || r.outlet(&name))
        .await?
        .map(Json)
        .ok_or_else(|| not_found("outlet"))
}

async fn stats(State(s): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let r = s.reader.clone();
    blocking(move || r.stats().map(Json)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeRequest {
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

async fn analyze_text(
    State(s): State<AppState>,
    Json(req): Json<AnalyzeRequest>,
) -> Result<Json<Document>, ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`text` is empty".into(),
        ));
    }
    if req.text.chars().count() > MAX_ANALYZE_CHARS {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("`text` is longer than {MAX_ANALYZE_CHARS} characters"),
        ));
    }
    if let Some(p) = &req.published {
        if crate::date::parse_day(p).is_none() {
            return Err(ApiError(
                StatusCode::UNPROCESSABLE_ENTITY,
                "`published` must be a date YYYY-MM-DD".into(),
            ));
        }
    }
    let f = s.analyze.clone();
    blocking(move || Ok(Json(f(req.text, req.title, req.published)))).await
}

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");
/// The OpenAPI description of this API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

fn asset(body: &'static str, ctype: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

async fn static_file(Path(name): Path<String>) -> Result<Response, ApiError> {
    // Only the embedded files exist; any other name (`../…` included) is a 404.
    match name.as_str() {
        "app.js" => Ok(asset(APP_JS, "text/javascript; charset=utf-8")),
        "style.css" => Ok(asset(STYLE_CSS, "text/css; charset=utf-8")),
        _ => Err(not_found("asset")),
    }
}

/// Turn every error response that is not JSON yet (axum's own rejections, 404s, 405s) into a
/// JSON error, add security headers, and enforce the deadline.
async fn guard(req: Request<Body>, next: Next) -> Response {
    let mut resp = match tokio::time::timeout(TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the request took longer than {}s", TIMEOUT.as_secs()),
        )
        .into_response(),
    };
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let (_, body) = resp.into_parts();
        let text = to_bytes(body, 4096).await.unwrap_or_default();
        let mut msg = String::from_utf8_lossy(&text).trim().to_string();
        if msg.is_empty() {
            msg = status
                .canonical_reason()
                .unwrap_or("error")
                .to_ascii_lowercase();
        }
        resp = ApiError(status, msg).into_response();
    }
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

async fn fallback(method: Method) -> ApiError {
    if method == Method::GET || method == Method::HEAD {
        not_found("route")
    } else {
        ApiError(StatusCode::METHOD_NOT_ALLOWED, "method not allowed".into())
    }
}

/// The application: API routes, UI and error handling.
pub fn router(reader: Arc<CorpusReader>, analyze: Analyze) -> Router {
    let state = AppState { reader, analyze };
    Router::new()
        .route(
            "/",
            get(|| async { asset(INDEX_HTML, "text/html; charset=utf-8") }),
        )
        .route("/assets/{name}", get(static_file))
        .route(
            "/api/openapi.json",
            get(|| async { asset(OPENAPI, "application/json") }),
        )
        .route("/api/search", get(search))
        .route("/api/document/{seq}", get(document))
        .route("/api/entity/{key}", get(entity))
        .route("/api/story/{id}", get(story))
        .route("/api/stories", get(stories))
        .route("/api/outlet/{name}", get(outlet))
        .route("/api/stats", get(stats))
        .route("/api/analyze", post(analyze_text))
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// Serve the corpus in `dir` on `addr` until Ctrl-C.
pub fn serve(dir: &std::path::Path, addr: &str, analyze: Analyze) -> anyhow::Result<()> {
    let reader = Arc::new(CorpusReader::open(dir)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr()?;
        eprintln!("naba serve: http://{local}/ (Ctrl-C to stop)");
        axum::serve(listener, router(reader, analyze))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        anyhow::Ok(())
    })
}
