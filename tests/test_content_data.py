"""Files under content/ that are the blog's data are read by the build and never published."""

from __future__ import annotations


def test_data_files_and_offer_downloads_are_never_published(blog):
    blog.write("content/offers/guide.yml", "title: The Guide\ntext: Read it.\nbutton: Get it\nfile: guide.pdf\n")
    blog.write("content/offers/files/guide.pdf", b"%PDF-1.4 the guide readers leave their e-mail for")
    blog.write("content/redirects.yml", "/old/path/: /blog/first-post/\n")
    blog.write("content/images/chart.txt", "a file of the blog, published as it is")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    site = blog.root / "site"
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert "images/chart.txt" in published  # other files under content/ still are published
    leaked = [p for p in published if p.startswith("offers/") or p.endswith((".yml", "guide.pdf"))]
    assert leaked == []
    assert not any(p.startswith("audience/") for p in published)  # e-mail templates stay in the package
