"""salesblog: a fast, tagged blog for sales leaders, built from a folder of Markdown posts."""

__version__ = "0.1.0"
