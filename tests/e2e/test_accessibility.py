"""axe-core audit of the public pages in a real browser: no serious or critical violation."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, PUBLIC_PAGES, open_public_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
# WCAG 2.0/2.1 A and AA, the level the issue asks for, plus axe's best practices
# (landmarks, heading order, one main...), which it reports at moderate impact at most.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def describe(violations):
    """One readable paragraph per violation: rule, impact, help link, offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violation(
    new_page, axe_script, site_content, name
):
    # The site's Content-Security-Policy would refuse the injected script; bypass it for
    # the audit only.
    page = new_page(bypass_csp=True)
    url = open_public_page(page, name, site_content)
    page.add_script_tag(path=str(axe_script))
    blocking, others = [], []
    # Audited at both widths: what scrolls or hides on a phone is not what does on a desktop.
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        for violation in results["violations"]:
            violation["help"] += f" [at {viewport['width']} px]"
            serious = violation["impact"] in BLOCKING_IMPACTS
            (blocking if serious else others).append(violation)
    if others:
        print(f"Minor accessibility findings on {url}:\n{describe(others)}")
    assert not blocking, (
        f"{len(blocking)} serious or critical accessibility violation(s) on {name} ({url}):\n"
        f"{describe(blocking)}"
    )


def test_audit_reports_a_serious_violation(new_page, axe_script, live_server):
    """The audit above is only worth something if it can fail: an unlabelled field does."""
    page = new_page(bypass_csp=True)
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><form><input type="text" name="q"></form>'
        '<p style="color:#bbb;background:#fff">Pale text</p></main></body></html>'
    )
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = {v["id"] for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS}
    assert {"label", "color-contrast"} <= found, describe(results["violations"])
