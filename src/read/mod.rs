//! The first stage: the configuration, the note files found under
//! `content/`, and each file's front matter read into a [`note::Note`].
//! Only [`frontmatter`] knows the YAML library.

#[macro_use]
mod schema;
pub(crate) mod body;
mod collections;
pub mod config;
pub(crate) mod dates;
pub mod discover;
pub mod frontmatter;
mod locate;
pub mod note;
mod reader;
pub(crate) mod slug;
pub(crate) mod touches;
