# search.mk: the search service's test needs.
# Included by the top-level Makefile (include mk/*.mk).
#
# The search page is tested in a real browser: Debian's headless chromium,
# driven by chromedp from services/search/internal/api. The top-level deps
# target installs every package named in APT_PACKAGES.
APT_PACKAGES += chromium
