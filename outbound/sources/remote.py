"""Object storage (s3://) and SFTP drop folders (sftp://) through fsspec: list, then stage.

    s3://bucket/prefix/              AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL; or
                                     OUTBOUND_S3_CONNECTION=<Airflow connection id> (login, password,
                                     extra endpoint_url / region_name), which then wins
    sftp://user@host:port/path/      key: OUTBOUND_SFTP_KEY (a private key file), else ssh-agent
                                     and ~/.ssh; a password only in OUTBOUND_SFTP_PASSWORD;
                                     server keys checked against OUTBOUND_SFTP_KNOWN_HOSTS if set

Credentials are read from the environment by the libraries and never enter a name, an outcome
or a log line: an object's name is its URL without user info secrets. A folder on a bucket may
be laid out as a zone (`zone.py`): a `_manifest.yaml` beside the objects gives their recipient
and scenario, as it does on disk.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from outbound.sources.base import Item, SourceError, export_day, stage_stream, staged_path

log = logging.getLogger(__name__)
SCHEMES = ("s3", "sftp")
S3_CONNECTION_ENV = "OUTBOUND_S3_CONNECTION"
SFTP_KEY_ENV = "OUTBOUND_SFTP_KEY"
SFTP_KNOWN_HOSTS_ENV = "OUTBOUND_SFTP_KNOWN_HOSTS"
SFTP_PASSWORD_ENV = "OUTBOUND_SFTP_PASSWORD"  # noqa: S105 - the name of a variable, not a secret
MANIFEST = "_manifest.yaml"


@dataclass(frozen=True)
class RemoteObject:
    """One object of a listing: its URL (the export's name), key in the filesystem, size, mtime."""

    url: str
    key: str
    size: int
    mtime: float | None
    etag: str | None = None


def why(exc: BaseException, target: str) -> str:
    """A library's error as one short line: its type and first line, identifiers masked, and the
    URL's password (if one was given) removed."""
    from outbound.common.masking import redact

    text = (str(exc).strip().splitlines() or [""])[0]
    password = urlsplit(target).password
    if password:
        text = text.replace(password, "***")
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:240]


def is_remote(target: str) -> bool:
    return urlsplit(target).scheme in SCHEMES


def public_url(target: str) -> str:
    """`target` without a password (sftp://user:secret@host -> sftp://user@host)."""
    parts = urlsplit(target)
    if parts.password is None:
        return target
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def filesystem(target: str) -> tuple[Any, str]:
    """The fsspec filesystem for `target` and the path in it."""
    parts = urlsplit(target)
    if parts.scheme == "s3":
        import s3fs  # lazy: s3fs pulls in aiobotocore (~0.5 s)

        fs = s3fs.S3FileSystem(**_s3_options(), use_listings_cache=False, skip_instance_cache=True)
        return fs, f"{parts.netloc}{parts.path}"
    from fsspec.implementations.sftp import SFTPFileSystem

    password = parts.password or os.environ.get(SFTP_PASSWORD_ENV)
    kwargs: dict[str, Any] = {"port": parts.port or 22, "username": parts.username, "timeout": 30,
                              "host_key_policy": _host_key_policy()}
    if os.environ.get(SFTP_KEY_ENV):
        kwargs["key_filename"] = os.environ[SFTP_KEY_ENV]
    if password:
        kwargs["password"] = password
    return SFTPFileSystem(parts.hostname or "localhost", skip_instance_cache=True, **kwargs), parts.path or "/"


def _host_key_policy() -> Any:
    """With OUTBOUND_SFTP_KNOWN_HOSTS (a known_hosts file), only a server whose key is listed there
    is trusted; without it, any key is accepted with a warning naming the host (fsspec's client
    loads no known_hosts of its own, so "reject" alone would refuse every server)."""
    import paramiko

    known = os.environ.get(SFTP_KNOWN_HOSTS_ENV)
    if not known:
        return "warning"

    class KnownHostsOnly(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
            if not paramiko.HostKeys(known).check(hostname, key):
                raise paramiko.SSHException(f"the host key of {hostname} is not in {known}; "
                                            f"add it (ssh-keyscan) if the server is the right one")

    return KnownHostsOnly()


def _s3_options() -> dict[str, Any]:
    """s3fs's options: from the Airflow connection named by OUTBOUND_S3_CONNECTION, else the
    standard AWS variables (which botocore reads itself; the endpoint is passed on explicitly)."""
    conn_id = os.environ.get(S3_CONNECTION_ENV)
    if not conn_id:
        endpoint = os.environ.get("AWS_ENDPOINT_URL")
        return {"client_kwargs": {"endpoint_url": endpoint} if endpoint else {}}
    from airflow.sdk import BaseHook  # lazy: about 2 s; only when a connection is named

    conn = BaseHook.get_connection(conn_id)
    extra = conn.extra_dejson or {}
    client: dict[str, Any] = {k: extra[k] for k in ("endpoint_url", "region_name") if extra.get(k)}
    if conn.host and "endpoint_url" not in client:
        client["endpoint_url"] = conn.host
    return {"key": conn.login or None, "secret": conn.password or None, "client_kwargs": client}


def hidden(relative: str) -> bool:
    return any(part.startswith((".", "_", "~$")) for part in relative.split("/") if part)


def mtime_ns(mtime: float | None) -> int:
    """An object's mtime as the warehouse's fingerprint cache keeps it (0: unknown)."""
    return round(mtime * 1e9) if mtime is not None else 0


def info_mtime(info: dict[str, Any]) -> float | None:
    stamp = info.get("LastModified") or info.get("mtime")
    return stamp.timestamp() if isinstance(stamp, dt.datetime) else None


def list_objects(target: str, wanted: Any) -> tuple[Any, list[RemoteObject]]:
    """The filesystem and the objects under `target` whose names `wanted(name)` accepts, sorted
    (a URL naming one object: that object, whatever its name). Hidden and private entries
    ("_staging", ".tmp") are skipped, as in a local folder."""
    shown = public_url(target)
    try:
        fs, root = filesystem(target)
        if fs.isfile(root):
            found = {root: fs.info(root)}
        else:
            found = fs.find(root, detail=True)
            if not found and not fs.exists(root):
                raise FileNotFoundError(root)
    except FileNotFoundError as exc:
        raise SourceError(f"{shown}: no such object or folder; check the bucket/path") from exc
    except Exception as exc:  # botocore, paramiko (AuthenticationException is no OSError), aiohttp
        raise SourceError(f"{shown}: cannot list ({why(exc, target)}); check the URL and credentials") from exc
    base = shown.rstrip("/")
    objects: list[RemoteObject] = []
    for key, info in sorted(found.items()):
        relative = key[len(root.rstrip("/")):].lstrip("/")
        url = f"{base}/{relative}" if relative else base
        if info.get("type") == "directory" or (relative and (hidden(relative) or not wanted(key))):
            continue
        objects.append(RemoteObject(url, key, int(info.get("size") or 0), info_mtime(info), info.get("ETag")))
    return fs, objects


def _manifest_entry(fs: Any, key: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The object's entry in the `_manifest.yaml` of its folder, if there is one."""
    folder, _, name = key.rpartition("/")
    if folder not in cache:
        try:
            with fs.open(f"{folder}/{MANIFEST}", "rb") as fh:
                data = yaml.safe_load(fh.read(1 << 20)) or {}
            cache[folder] = (data.get("files") or {}) if isinstance(data, dict) else {}
        except (OSError, yaml.YAMLError):
            cache[folder] = {}
    entry = cache[folder].get(name) if isinstance(cache[folder], dict) else None
    return entry if isinstance(entry, dict) else {}


def remote_items(target: str, wanted: Any, folder: Path, failed: list[tuple[str, str]]) -> Iterator[Item]:
    """Each object under `target` staged into `folder` (one at a time: the caller discards each
    item before the next is fetched). An object that cannot be fetched is appended to `failed`
    as (name, error) and the others still come."""
    fs, objects = list_objects(target, wanted)
    log.info("%s: %d objects", public_url(target), len(objects))
    manifests: dict[str, dict[str, Any]] = {}
    for obj in objects:
        dest = staged_path(folder, obj.key)
        try:
            sha = stage_stream(partial(fs.open, obj.key, "rb", block_size=8 << 20), dest)
        except Exception as exc:  # any library's transfer error: this object fails, the others come
            failed.append((obj.url, f"{obj.url}: cannot fetch ({why(exc, target)}); the other objects were scanned"))
            continue
        entry = _manifest_entry(fs, obj.key, manifests)
        yield Item(dest, obj.url, sha, export_day(obj.key, obj.mtime), entry.get("recipient"),
                   None if entry.get("scenario") is None else str(entry["scenario"]), temporary=True,
                   stamp=(obj.size, mtime_ns(obj.mtime)))
