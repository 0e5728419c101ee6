"""Files copied or made as they are: content/'s images and files, and the brand stylesheet."""

from __future__ import annotations

from salesblog.site.brand import brand_stylesheet, logo_ratio
from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import OutputFile


def brand_file(ctx: PlanContext) -> OutputFile:
    brand = ctx.config.brand
    ratio = logo_ratio(ctx.content.project.theme_dir / brand.logo) if brand.logo else None
    return OutputFile(ctx.routes.path("brand"), brand_stylesheet(brand, ratio).encode())


def asset_files(ctx: PlanContext) -> list[OutputFile]:
    return [OutputFile(ctx.routes.path("asset", a.source), source=a.source) for a in ctx.content.assets]
