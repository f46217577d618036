//! Which `Host` values the server answers.
//!
//! A page on `attacker.example` can make its own name resolve to 127.0.0.1
//! (DNS rebinding) and then read this server as same-origin: the browser
//! still sends `Host: attacker.example`. So only names of the address
//! served are answered: `localhost`, a loopback address, the address the
//! connection came in on (an IP literal cannot be rebound), and the names
//! given with `--allow-host`.

use std::net::IpAddr;

/// The names allowed besides the served addresses, lowercased.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    extra: Vec<String>,
}

impl Hosts {
    /// `allowed` as given with `--allow-host` (`name` or `name:port`).
    pub fn new(allowed: &[String]) -> Hosts {
        Hosts {
            extra: allowed
                .iter()
                .map(|h| normalise(name_of(h)))
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }

    /// Whether a request with this `Host` header, arriving on the local
    /// address `local`, may be answered. The port is not compared: a
    /// rebinding page cannot choose the name, only the port.
    pub fn allows(&self, host: &str, local: IpAddr) -> bool {
        let name = normalise(name_of(host.trim()));
        if name == "localhost" || self.extra.contains(&name) {
            return true;
        }
        let literal = name.trim_start_matches('[').trim_end_matches(']');
        match literal.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || ip == local || same_mapped(ip, local),
            Err(_) => false,
        }
    }
}

/// `name` without its `:port`; an IPv6 literal keeps its brackets.
fn name_of(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Lowercase, without the trailing dot of a fully qualified name.
fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// `::ffff:192.0.2.1` and `192.0.2.1` name the same address.
fn same_mapped(a: IpAddr, b: IpAddr) -> bool {
    let v4 = |ip: IpAddr| match ip {
        IpAddr::V4(v4) => Some(v4),
        IpAddr::V6(v6) => v6.to_ipv4_mapped(),
    };
    v4(a).is_some() && v4(a) == v4(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn loopback_names_are_answered() {
        let h = Hosts::default();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(h.allows(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn foreign_names_are_refused() {
        let h = Hosts::default();
        for host in [
            "attacker.example:1111",
            "attacker.example",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
            "",
            "192.168.1.5:1111",
        ] {
            assert!(!h.allows(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn the_served_address_and_allowed_names_are_answered() {
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        let h = Hosts::new(&["Laptop.local:1111".to_string()]);
        assert!(h.allows("192.168.1.5:1111", lan));
        assert!(h.allows("laptop.local", lan));
        assert!(!h.allows("192.168.1.6:1111", lan));
        assert!(!h.allows("other.local", lan));
        let mapped: IpAddr = "::ffff:192.168.1.5".parse().unwrap();
        assert!(h.allows("192.168.1.5", mapped));
    }
}
