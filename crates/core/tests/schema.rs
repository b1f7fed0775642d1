//! `docs/report.schema.json` is the schema derived from the report types.
//! After changing a report type, regenerate it with
//! `CORROBORATE_WRITE_SCHEMA=1 cargo test -p corroborate-core --test schema`
//! and commit the file (docs/report-format.md says what each field means).

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/report.schema.json")
}

#[test]
fn the_committed_schema_is_the_one_derived_from_the_types() {
    let generated =
        serde_json::to_string_pretty(&corroborate_core::report_schema()).unwrap() + "\n";
    let path = committed_path();
    if std::env::var_os("CORROBORATE_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("docs/report.schema.json is writable");
    }
    let committed = std::fs::read_to_string(&path).expect("docs/report.schema.json exists");
    assert!(
        committed == generated,
        "docs/report.schema.json differs from the schema of corroborate_core::Report; \
         regenerate it with CORROBORATE_WRITE_SCHEMA=1 cargo test -p corroborate-core --test schema"
    );
}

#[test]
fn the_schema_names_every_top_level_field_of_a_report() {
    let schema = corroborate_core::report_schema();
    let properties = schema["properties"].as_object().expect("an object schema");
    let report = serde_json::to_value(corroborate_core::Report::default()).unwrap();
    for field in report.as_object().unwrap().keys() {
        assert!(
            properties.contains_key(field),
            "{field} is not in the schema"
        );
    }
    let shares = &schema["$defs"]["LineageEdge"]["properties"]["reuse"];
    assert_eq!(shares["maximum"], 1.0, "{shares}");
}
