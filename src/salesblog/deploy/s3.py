"""An S3-compatible bucket (AWS, Cloudflare R2, MinIO, Backblaze B2, DigitalOcean Spaces...):
each file whose MD5 differs from its object's ETag is uploaded with its Content-Type and a
Cache-Control header; objects under the prefix that the site no longer has are deleted.
Credentials come from boto3's usual places (the AWS_* environment variables, then the profile),
never from site_config.yml."""

from __future__ import annotations

import mimetypes
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from salesblog.deploy import DeployError
from salesblog.deploy.changes import ChangeSet, compare, fingerprints, md5_hex, site_files

TARGET = "s3"
# Types of the files a built site has, written out: mimetypes reads the machine's own
# /etc/mime.types, which differs from one host to the next.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".map": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".avif": "image/avif", ".ico": "image/x-icon", ".bmp": "image/bmp",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".gz": "application/gzip", ".pdf": "application/pdf", ".webmanifest": "application/manifest+json",
}
# Material's bundles carry a hash of their content in their name (main.57a0d79d.min.css): a new
# version gets a new name, so browsers may keep these for good.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)(?:\.map)?$")
FOREVER = "public, max-age=31536000, immutable"
WORKERS = 8


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(name: str, seconds: int) -> str:
    return FOREVER if FINGERPRINTED.search(name) else f"public, max-age={seconds}"


def deploy_s3(site_dir: Path, settings, dry_run: bool) -> ChangeSet:
    where = f"bucket {settings.bucket}"
    try:
        client = _client(settings)
        prefix = settings.prefix.strip("/") + "/" if settings.prefix.strip("/") else ""
        files = site_files(site_dir)
        changes = compare(fingerprints(files, md5_hex), _published(client, settings.bucket, prefix),
                          delete=settings.delete)
        if dry_run:
            return changes
        # Pages last, deletions after them: a page never links to a file not yet uploaded.
        order = sorted(changes.upload, key=lambda name: (name.endswith(".html"), name))
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(lambda name: _upload(client, settings, prefix, name, files[name]), order))
        _delete(client, settings.bucket, [prefix + name for name in changes.delete])
        return changes
    except ClientError as error:
        info = error.response.get("Error", {})
        raise DeployError(TARGET, f"{where}: {info.get('Code', 'error')}: {info.get('Message', error)}") from error
    except BotoCoreError as error:
        raise DeployError(TARGET, f"{where}: {error}") from error


def _client(settings):
    session = boto3.session.Session(profile_name=settings.profile or None,
                                    region_name=settings.region or None)
    config = Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 5, "mode": "standard"},
                    # botocore's default CRC checksums use a chunked upload that several
                    # S3-compatible hosts refuse; the MD5 that S3 checks by itself is enough.
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required")
    return session.client("s3", endpoint_url=settings.endpoint_url or None, config=config)


def _published(client, bucket: str, prefix: str) -> dict[str, str]:
    """Name (below the prefix) -> ETag of every object under the prefix. An ETag is the MD5 of
    an object uploaded in one part; one of many parts ("...-3") never matches, so it is sent again."""
    objects = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            objects[item["Key"][len(prefix):]] = item["ETag"].strip('"')
    return objects


def _upload(client, settings, prefix: str, name: str, path: Path) -> None:
    client.put_object(Bucket=settings.bucket, Key=prefix + name, Body=path.read_bytes(),
                      ContentType=content_type(name),
                      CacheControl=cache_control(name, settings.cache_seconds))


def _delete(client, bucket: str, keys: list[str]) -> None:
    for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1,000 keys
        batch = [{"Key": key} for key in keys[start:start + 1000]]
        answer = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        if answer.get("Errors"):
            first = answer["Errors"][0]
            raise DeployError(TARGET, f"bucket {bucket}: could not delete {first.get('Key')}: "
                                      f"{first.get('Code')} {first.get('Message', '')}".strip())
