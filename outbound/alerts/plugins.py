"""apprise plugins for the Chinese bots, registered over apprise's own for the same schemes.

Written by hand, on top of apprise's classes (URL parsing, throttling, logging stay theirs), for
three measured reasons:
- DingTalk: apprise 2.2 URL-quotes the signature and then hands it to `requests` as a parameter,
  which quotes it again (`%252B`); DingTalk decodes once and answers "sign not match" (310000).
  Here the signature is quoted once, by `requests`.
- Feishu / Lark: apprise sends no signature at all; a bot with 签名校验 on refuses such messages.
  Feishu's check is ours: `sign = base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg=b""))`,
  timestamp in seconds, both in the JSON body (open.feishu.cn custom bot docs). `?secret=` in the URL.
- All three answer HTTP 200 with an error code in the body (`errcode` / `code` ≠ 0) when they
  refuse a message; apprise only checks the HTTP status. Here a refusal is a failed delivery.
WeCom and Feishu/Lark also get markdown bodies (WeCom `markdown`, Feishu an interactive card).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import requests
from apprise import NotifyFormat
from apprise.plugins.dingtalk import NotifyDingTalk
from apprise.plugins.feishu import NotifyFeishu
from apprise.plugins.lark import NotifyLark
from apprise.plugins.wecombot import NotifyWeComBot

HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def dingtalk_sign(secret: str, timestamp_ms: str) -> str:
    """DingTalk: base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), not yet URL-quoted."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: str) -> str:
    """Feishu / Lark: base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg=b"")) — key and message
    the other way round from DingTalk, as Feishu documents it."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def post_json(plugin: Any, url: str, payload: dict[str, Any], params: dict[str, str] | None = None) -> bool:
    """POST the payload; True only for HTTP 200 with no error code in the answer."""
    plugin.throttle()
    name = plugin.service_name
    try:
        r = requests.post(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=HEADERS,
                          params=params, verify=plugin.verify_certificate, timeout=plugin.request_timeout,
                          allow_redirects=False)
    except requests.RequestException as exc:
        plugin.logger.warning(f"A Connection error occurred sending {name} notification ({type(exc).__name__}).")
        return False
    if r.status_code != requests.codes.ok:
        plugin.logger.warning(f"Failed to send {name} notification: error={r.status_code}.")
        return False
    try:
        answer = r.json()
    except ValueError:
        answer = {}
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0))) if isinstance(answer, dict) else 0
    if code not in (0, None):
        msg = str(answer.get("errmsg") or answer.get("msg") or "")[:120]
        plugin.logger.warning(f"Failed to send {name} notification: refused code={code} {msg}.")
        return False
    return True


class SignedDingTalk(NotifyDingTalk):
    """dingtalk://SECRET@TOKEN/ — markdown body, signature quoted once."""

    def send(self, body: str, title: str = "", notify_type: Any = None, body_format: Any = None,
             **kwargs: Any) -> bool:
        payload: dict[str, Any] = {"at": {"atMobiles": self.targets, "isAtAll": False}}
        if body_format == NotifyFormat.MARKDOWN:
            payload.update(msgtype="markdown", markdown={"title": title or self.app_desc,
                                                         "text": f"### {title}\n{body}" if title else body})
        else:
            payload.update(msgtype="text", text={"content": f"{title}\n{body}" if title else body})
        params = None
        if self.secret:
            ts = str(round(time.time() * 1000))
            params = {"timestamp": ts, "sign": dingtalk_sign(self.secret, ts)}
        return post_json(self, self.notify_url.format(token=self.token), payload, params)


class MarkdownWeComBot(NotifyWeComBot):
    """wecombot://KEY — markdown message (WeCom renders a subset: headings, bold, links, quotes)."""

    title_maxlen = 128  # apprise would otherwise fold the title into the body

    def send(self, body: str, title: str = "", notify_type: Any = None, **kwargs: Any) -> bool:
        text = f"### {title}\n{body}" if title else body
        return post_json(self, self.api_url, {"msgtype": "markdown", "markdown": {"content": text}})


def _card(title: str, body: str) -> dict[str, Any]:
    return {"header": {"title": {"tag": "plain_text", "content": title or "outbound"}},
            "elements": [{"tag": "markdown", "content": body}]}


def _parse_secret(results: dict[str, Any] | None) -> dict[str, Any] | None:
    if results and (secret := results["qsd"].get("secret")):
        results["secret"] = secret
    return results


class SignedFeishu(NotifyFeishu):
    """feishu://TOKEN/?secret=SECRET — interactive card with a markdown element, signed."""

    title_maxlen = 128  # the card's header

    def __init__(self, token: str, secret: str | None = None, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        self.secret = secret

    def send(self, body: str, title: str = "", notify_type: Any = None, **kwargs: Any) -> bool:
        return post_json(self, self.notify_url.format(token=self.token), signed_card(self.secret, title, body))

    @staticmethod
    def parse_url(url: str, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        return _parse_secret(NotifyFeishu.parse_url(url, *args, **kwargs))


class SignedLark(NotifyLark):
    """lark://TOKEN/?secret=SECRET — as Feishu, on open.larksuite.com."""

    def __init__(self, token: str, secret: str | None = None, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        self.secret = secret

    def send(self, body: str, title: str = "", notify_type: Any = None, **kwargs: Any) -> bool:
        return post_json(self, self.webhook_url, signed_card(self.secret, title, body))

    @staticmethod
    def parse_url(url: str, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        return _parse_secret(NotifyLark.parse_url(url, *args, **kwargs))


def signed_card(secret: str | None, title: str, body: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"msg_type": "interactive", "card": _card(title, body)}
    if secret:
        ts = str(int(time.time()))
        payload.update(timestamp=ts, sign=feishu_sign(secret, ts))
    return payload


_REGISTERED = False


def register() -> None:
    """Put these classes in apprise's registry for their schemes (once per process)."""
    global _REGISTERED
    if _REGISTERED:
        return
    from apprise.apprise import N_MGR  # the registry apprise.Apprise reads (a singleton)

    for plugin, schemes in ((SignedDingTalk, ["dingtalk"]), (MarkdownWeComBot, ["wecombot"]),
                            (SignedFeishu, ["feishu"]), (SignedLark, ["lark"])):
        N_MGR.add(plugin, schemas=schemes, force=True)
    _REGISTERED = True
