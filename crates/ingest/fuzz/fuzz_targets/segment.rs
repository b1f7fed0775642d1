//! Any text through cleaning and segmentation: spans always slice the text
//! they index, trimmed and in order.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for t in [text.to_string(), corroborate_ingest::clean(text, None).text] {
        let mut end = 0;
        for s in corroborate_ingest::segment(&t) {
            assert!(s.start >= end);
            assert_eq!(t.get(s.start..s.end), Some(s.text.as_str()));
            assert_eq!(s.text.trim(), s.text);
            end = s.end;
        }
    }
});
