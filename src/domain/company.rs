//! A company the seeker researches.

use super::values::{CompanyStatus, SafeUrl};

#[derive(Debug, Clone)]
pub struct Company {
    pub name: String,
    pub summary: Option<String>,
    pub industry: Option<String>,
    pub website: Option<SafeUrl>,
    pub careers_url: Option<SafeUrl>,
    pub location: Option<String>,
    pub size: Option<String>,
    pub status: Option<CompanyStatus>,
    pub interest: Option<u8>,
}
