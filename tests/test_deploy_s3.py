"""`salesblog deploy s3`: the site uploaded to an S3-compatible bucket, tested against moto's S3
server on loopback (the same HTTP API as AWS, R2 or MinIO), with keys from the environment."""

from __future__ import annotations

import hashlib
import logging
import shutil
import socket
import uuid
from pathlib import Path

import pytest

from tests.projects import BlogProject

boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (pip install '.[test]')")
moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed (pip install '.[test]')")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    project = BlogProject.sample(tmp_path_factory.mktemp("built") / "blog")
    assert project.run("build").exit_code == 0
    return project.root / "site"


@pytest.fixture(scope="module")
def endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_keys(monkeypatch, tmp_path):
    """Keys as an operator gives them: the standard environment variables; no profile files."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture
def bucket(endpoint, aws_keys):
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    name = f"blog-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return client, name


def deploying_to(tmp_path: Path, built_site: Path, endpoint: str, bucket: str, extra: str = "") -> BlogProject:
    project = BlogProject.sample(tmp_path / "blog")
    config = project.root / "site_config.yml"
    config.write_text(config.read_text() + "deploy:\n  s3:\n"
                      f"    bucket: {bucket}\n    endpoint_url: {endpoint}\n" + extra)
    shutil.copytree(built_site, project.root / "site")
    return project


def published(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".salesblog-site"}


def objects(client, bucket: str) -> dict[str, tuple[str, object]]:
    """Key -> (ETag, LastModified) of every object in the bucket."""
    listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {item["Key"]: (item["ETag"].strip('"'), item["LastModified"]) for item in listing}


def test_the_bucket_gets_every_file_with_its_type_and_cache_header(tmp_path, built_site, endpoint, bucket):
    client, name = bucket
    blog = deploying_to(tmp_path, built_site, endpoint, name)
    result = blog.run("deploy", "s3")
    assert result.exit_code == 0, result.output
    site = published(blog.root / "site")
    held = objects(client, name)
    assert sorted(held) == sorted(site)
    assert all(held[key][0] == hashlib.md5(data).hexdigest() for key, data in site.items())
    assert f"s3: uploaded {len(site)}, deleted 0, 0 unchanged" in result.output

    def head(key):
        answer = client.head_object(Bucket=name, Key=key)
        return answer["ContentType"], answer["CacheControl"]

    assert head("blog/first-post/index.html") == ("text/html; charset=utf-8", "public, max-age=300")
    assert head("feed.xml") == ("application/xml; charset=utf-8", "public, max-age=300")
    assert head("search/search_index.json") == ("application/json", "public, max-age=300")
    bundle = next(key for key in site if key.startswith("assets/stylesheets/main.") and key.endswith(".css"))
    assert head(bundle) == ("text/css; charset=utf-8", "public, max-age=31536000, immutable")
    assert head("assets/stylesheets/salesblog.css") == ("text/css; charset=utf-8", "public, max-age=300")


def test_only_changed_files_are_uploaded_and_removed_ones_deleted(tmp_path, built_site, endpoint, bucket):
    client, name = bucket
    blog = deploying_to(tmp_path, built_site, endpoint, name, "    prefix: blog-site/\n")
    client.put_object(Bucket=name, Key="elsewhere/keep.txt", Body=b"not the blog's")
    assert blog.run("deploy").exit_code == 0
    site = blog.root / "site"
    unchanged = blog.run("deploy")
    assert unchanged.exit_code == 0, unchanged.output
    assert f"s3: up to date ({len(published(site))} files unchanged)" in unchanged.output

    (site / "blog/third-post/index.html").write_text("<p>third, edited</p>\n")
    (site / "tags/leadership/feed.xml").unlink()
    dry = blog.run("deploy", "--dry-run")
    assert [line for line in dry.output.splitlines() if "would" in line][:2] == [
        "s3: would upload blog/third-post/index.html", "s3: would delete tags/leadership/feed.xml"]
    result = blog.run("deploy")
    assert result.exit_code == 0, result.output
    assert f"s3: uploaded 1, deleted 1, {len(published(site)) - 1} unchanged" in result.output
    held = objects(client, name)
    assert sorted(held) == sorted(["elsewhere/keep.txt", *(f"blog-site/{k}" for k in published(site))])
    body = client.get_object(Bucket=name, Key="blog-site/blog/third-post/index.html")["Body"].read()
    assert body == b"<p>third, edited</p>\n"


def test_dry_run_lists_everything_and_changes_nothing(tmp_path, built_site, endpoint, bucket):
    client, name = bucket
    client.put_object(Bucket=name, Key="old-page/index.html", Body=b"old")
    blog = deploying_to(tmp_path, built_site, endpoint, name)
    before = objects(client, name)
    result = blog.run("deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    site = published(blog.root / "site")
    assert "s3: would upload index.html" in result.output
    assert "s3: would delete old-page/index.html" in result.output
    assert f"s3: would upload {len(site)}, delete 1, leave 0 unchanged (dry run" in result.output
    assert objects(client, name) == before


def test_delete_false_keeps_objects_the_site_no_longer_has(tmp_path, built_site, endpoint, bucket):
    client, name = bucket
    client.put_object(Bucket=name, Key="old-page/index.html", Body=b"old")
    blog = deploying_to(tmp_path, built_site, endpoint, name, "    delete: false\n")
    assert blog.run("deploy").exit_code == 0
    assert "old-page/index.html" in objects(client, name)


def test_a_missing_bucket_fails_naming_target_and_bucket(tmp_path, built_site, endpoint, aws_keys):
    blog = deploying_to(tmp_path, built_site, endpoint, "no-such-bucket")
    result = blog.run("deploy")
    assert result.exit_code == 1
    assert "Error: deploy s3: bucket no-such-bucket: NoSuchBucket:" in result.output


def test_missing_keys_fail_without_a_traceback(tmp_path, built_site, endpoint, aws_keys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance-role look-up off loopback
    blog = deploying_to(tmp_path, built_site, endpoint, "some-bucket")
    result = blog.run_process("deploy", "s3")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: deploy s3: bucket some-bucket: Unable to locate credentials")
    assert "Traceback" not in result.stderr
