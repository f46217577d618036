//! The first stage: the configuration, the note files found under
//! `content/`, and each file's front matter read into a [`note::Note`].
//! Only [`frontmatter`] knows the YAML library.

pub mod config;
pub mod discover;
pub mod frontmatter;
pub mod note;
pub mod slug;
pub(crate) mod touches;
