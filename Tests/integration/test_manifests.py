"""deploy/k8s manifests checked by a real validator (issue 12): every resource of every file
validates against the Kubernetes schemas (kubernetes-validate from PyPI, strict: unknown fields
fail), and the check itself fails on a broken manifest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness import REPO

MANIFESTS = sorted((REPO / "deploy" / "k8s").glob("*.yaml"))
VALIDATOR = shutil.which("kubernetes-validate")


def validate(path: Path) -> subprocess.CompletedProcess:
    assert VALIDATOR, "kubernetes-validate is missing (make deps installs it)"
    return subprocess.run([VALIDATOR, "--strict", str(path)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_every_manifest_validates(manifest: Path) -> None:
    result = validate(manifest)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    kinds = output.count(" passed for resource ")
    documents = sum(1 for line in manifest.read_text().splitlines() if line.startswith("kind:"))
    assert kinds == documents, f"{kinds} resources validated, {documents} in the file:\n{output}"


def test_a_broken_manifest_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = MANIFESTS[0].read_text().replace("replicas: 1", "replicas: one", 1)
    assert text != MANIFESTS[0].read_text(), "the sample manifest has no `replicas: 1` to break"
    broken.write_text(text)
    assert validate(broken).returncode != 0
