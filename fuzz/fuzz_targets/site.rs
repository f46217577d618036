#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| coffeechat_fuzz::site(data));
