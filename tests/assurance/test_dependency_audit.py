"""`make audit` reads pip-audit's and npm audit's JSON: a fixable vulnerability fails, an unfixed one
is listed, and a package that could not be looked up is never taken for clean."""

from followon.assurance.dependency_audit import FIXABLE, NOT_AUDITED, OK, read_npm_audit, read_pip_audit


def test_a_vulnerability_with_a_fix_fails_and_one_without_is_listed():
    found = read_pip_audit(
        {
            "dependencies": [
                {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]},
                {"name": "jinja2", "version": "3.1.0", "vulns": [{"id": "GHSA-2", "fix_versions": []}]},
                {"name": "attrs", "version": "26.1.0", "vulns": []},
            ]
        }
    )
    assert found.code == FIXABLE and found.checked == 3
    assert found.fixable == ["django 5.2.0: PYSEC-1 (fixed in 5.2.1)"]
    assert found.unfixed == ["jinja2 3.1.0: GHSA-2 (no fix yet)"]


def test_packages_that_could_not_be_looked_up_make_the_audit_incomplete_not_clean():
    # What pip-audit reports where its vulnerability service is unreachable (it still prints
    # "No known vulnerabilities found").
    found = read_pip_audit(
        {"dependencies": [{"name": "attrs", "skip_reason": "Dependency not found on PyPI and could not be audited"}]}
    )
    assert found.code == NOT_AUDITED and found.checked == 0


def test_a_clean_report_passes():
    assert read_pip_audit({"dependencies": [{"name": "attrs", "version": "1", "vulns": []}]}).code == OK
    npm = read_npm_audit({"vulnerabilities": {}, "metadata": {"dependencies": {"prod": 40}}})
    assert npm.code == OK and npm.checked == 40


def test_npm_fix_available_fails_and_an_error_is_not_audited():
    npm = read_npm_audit(
        {
            "vulnerabilities": {
                "sass": {"severity": "high", "range": "<1.2", "fixAvailable": {"name": "sass", "version": "1.2"}},
                "axe-core": {"severity": "low", "range": "<4", "fixAvailable": False},
            }
        }
    )
    assert npm.code == FIXABLE and npm.fixable == ["sass <1.2: high"] and npm.unfixed == ["axe-core <4: low"]
    error = read_npm_audit({"message": "405 Method Not Allowed", "error": {"summary": ""}})
    assert error.code == NOT_AUDITED
