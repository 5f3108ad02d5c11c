"""Validates the report goldens: SARIF against the structure SARIF 2.1.0 requires of what
mig-guard emits (and GitHub code scanning reads), JUnit as XML.

The schema below is mig-guard's own, written from the SARIF 2.1.0 specification's required
properties (sections 3.13 sarifLog, 3.14 run, 3.18 toolComponent, 3.27 result, 3.28 location,
3.29 physicalLocation, 3.30 region); it is stricter than the official schema where mig-guard
always emits a property. Fails (never skips) when jsonschema is missing.
"""
import json
import pathlib
import sys
import xml.etree.ElementTree as ET


POSITIVE = {"type": "integer", "minimum": 1}
REGION = {"type": "object", "required": ["startLine"],
          "properties": {"startLine": POSITIVE, "startColumn": POSITIVE, "endLine": POSITIVE, "endColumn": POSITIVE}}
PHYSICAL = {"type": "object", "required": ["artifactLocation"],
            "properties": {"artifactLocation": {"type": "object", "required": ["uri"],
                                                "properties": {"uri": {"type": "string", "minLength": 1},
                                                               "index": {"type": "integer", "minimum": 0}}},
                           "region": REGION}}
RESULT = {"type": "object", "required": ["ruleId", "message", "level"],
          "properties": {"ruleId": {"type": "string", "pattern": "^MG[0-9]{3}$"},
                         "ruleIndex": {"type": "integer", "minimum": 0},
                         "level": {"enum": ["none", "note", "warning", "error"]},
                         "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
                         "locations": {"type": "array", "items": {"type": "object", "properties": {"physicalLocation": PHYSICAL}}}}}
RULE = {"type": "object", "required": ["id"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                       "shortDescription": {"type": "object", "required": ["text"]},
                       "defaultConfiguration": {"type": "object",
                                                "properties": {"level": {"enum": ["none", "note", "warning", "error"]}}}}}
SARIF_SCHEMA = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                   "rules": {"type": "array", "items": RULE}}}}},
                "results": {"type": "array", "items": RESULT},
                "artifacts": {"type": "array", "items": {"type": "object", "required": ["location"]}}}}}}}


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    try:
        import jsonschema
    except ImportError:
        print("python3-jsonschema is not installed: apt-get install python3-jsonschema", file=sys.stderr)
        return 1
    validator = jsonschema.Draft7Validator(SARIF_SCHEMA)
    cases = sorted(p for p in root.iterdir() if p.is_dir())
    if not cases:
        print(f"no golden cases under {root}", file=sys.stderr)
        return 1
    failed = False
    for case in cases:
        sarif = json.loads((case / "expected.sarif").read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
        for error in errors:
            failed = True
            print(f"{case.name}/expected.sarif: {list(error.path)}: {error.message}", file=sys.stderr)
        # Properties GitHub code scanning needs beyond the schema's few required ones.
        run = sarif["runs"][0]
        driver = run["tool"]["driver"]
        for key in ("name", "version", "informationUri", "rules"):
            if key not in driver:
                failed = True
                print(f"{case.name}: driver lacks {key}", file=sys.stderr)
        for result in run["results"]:
            if driver["rules"][result["ruleIndex"]]["id"] != result["ruleId"]:
                failed = True
                print(f"{case.name}: ruleIndex does not point at {result['ruleId']}", file=sys.stderr)
            for loc in result.get("locations", []):
                index = loc["physicalLocation"]["artifactLocation"].get("index")
                uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                if index is None or run["artifacts"][index]["location"]["uri"] != uri:
                    failed = True
                    print(f"{case.name}: artifact index does not point at {uri}", file=sys.stderr)
        try:
            suites = ET.parse(case / "expected.junit.xml").getroot()
        except ET.ParseError as e:
            failed = True
            print(f"{case.name}/expected.junit.xml: {e}", file=sys.stderr)
            continue
        cases_xml = suites.findall("./testsuite/testcase")
        failures = [c for c in cases_xml if c.find("failure") is not None]
        if int(suites.get("tests")) != len(cases_xml) or int(suites.get("failures")) != len(failures):
            failed = True
            print(f"{case.name}: junit counts do not match its testcases", file=sys.stderr)
        if any(len(c.findall("failure")) > 1 for c in cases_xml):
            failed = True
            print(f"{case.name}: a testcase with several <failure> elements (GitLab reads one)", file=sys.stderr)
    print(f"validated {len(cases)} cases")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
