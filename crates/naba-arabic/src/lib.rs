//! The Arabic text core of naba: normalization with offset maps, tokenization, clitic
//! segmentation, sentence splitting and light stemming. No I/O, no panics on any input.

pub mod clitics;
pub mod normalize;
pub mod sentences;
pub mod stem;
pub mod tokenize;

pub use normalize::{normalize, normalize_with_map, Normalized, Profile};
pub use stem::{stem, stem_normalized};
pub use tokenize::{tokenize, tokenize_with, Kind, Tok};
