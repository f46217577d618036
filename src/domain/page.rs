//! A free page: a pitch, a playbook.

#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
}
