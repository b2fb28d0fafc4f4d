"""JUnit XML for CI: one test case per finding code, failing when findings reach `--fail-on`.

CI systems (GitLab, Jenkins, GitHub test reporters) show each rule as a test; a rule with
findings below the threshold passes, with the findings in its output.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from consentry.scanner.findings import Finding, at_or_above, rulebook
from consentry.scanner.pipeline import ScanResult


def render_junit(result: ScanResult, fail_on: str) -> str:
    failing = set(map(id, at_or_above(result.findings, fail_on)))
    suite = ET.Element(
        "testsuite",
        name=f"consentry scan {result.scan.url}",
        timestamp=result.stamp.get("scanned_at", ""),
        time=f"{result.scan.seconds:.2f}",
    )
    props = ET.SubElement(suite, "properties")
    for key, value in result.stamp.items():
        ET.SubElement(props, "property", name=key, value=value)
    failures = 0
    for code, rule in rulebook().items():
        case = ET.SubElement(
            suite, "testcase", classname=f"consentry.{rule.rule}", name=f"{code}: {rule.title}"
        )
        mine = [f for f in result.findings if f.code == code]
        bad = [f for f in mine if id(f) in failing]
        if bad:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=f"{len(bad)} finding(s)", type=bad[0].severity
            )
            failure.text = "\n".join(_line(f) for f in bad)
        elif mine:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in mine)
    suite.set("tests", str(len(rulebook())))
    suite.set("failures", str(failures))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode")


def _line(f: Finding) -> str:
    where = f" [{f.scenario}]" if f.scenario else ""
    return f"{f.severity} {f.rule} {f.subject}{where}: {f.message} ({f.source})"
