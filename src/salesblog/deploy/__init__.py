"""Publishing the built site: one module per kind of target (GitHub Pages, rsync over SSH, an
S3-compatible bucket), sharing the change detection of `changes`. Each target module is imported
only when it is used, so that no other command pays for boto3."""

from __future__ import annotations

from salesblog.errors import SalesblogError


class DeployError(SalesblogError):
    """A deploy failed: the message names the target and what went wrong."""

    def __init__(self, target: str, what: str):
        self.target = target
        super().__init__(f"deploy {target}: {what}" if target else f"deploy: {what}")
