# tools/gazetteer.mk — included by the top-level Makefile.
#
# Builds the build-time tool build/tools/gazetteer from tools/gazetteer.c and runs it once
# to produce build/gen/countries.tsv and build/gen/cities.tsv (see the comment at the top
# of tools/gazetteer.c for the sources and the file formats).
#
# Needs: libgeonames-dev, libjansson-dev, iso-codes, tzdata (all Debian packages).
# Variables are prefixed GAZETTEER_ so they do not clash with the including Makefile.

GAZETTEER_CC      ?= $(CC)
GAZETTEER_CFLAGS  := -std=c17 -Wall -Wextra -Werror -O2 $(shell pkg-config --cflags geonames jansson)
GAZETTEER_LIBS    := $(shell pkg-config --libs geonames jansson)
GAZETTEER_BIN     := build/tools/gazetteer
GAZETTEER_OUT     := build/gen/cities.tsv build/gen/countries.tsv
# Regenerate when the packaged source data change (wildcard: absent files are ignored).
GAZETTEER_INPUTS  := $(wildcard /usr/share/iso-codes/json/iso_3166-1.json \
                                /usr/share/locale/ru/LC_MESSAGES/iso_3166-1.mo \
                                /usr/share/locale/ru/LC_MESSAGES/geonames.mo \
                                /usr/share/zoneinfo/zone.tab)

$(GAZETTEER_BIN): tools/gazetteer.c tools/gazetteer.mk
	@mkdir -p $(@D)
	$(GAZETTEER_CC) $(GAZETTEER_CFLAGS) -o $@ tools/gazetteer.c $(GAZETTEER_LIBS)

# Grouped target (GNU make >= 4.3): one run of the tool makes both files.
# The tool writes *.tmp files and renames them, so an interrupted run leaves no half file.
build/gen/cities.tsv build/gen/countries.tsv &: tools/gazetteer.c $(GAZETTEER_BIN) $(GAZETTEER_INPUTS)
	@mkdir -p build/gen
	$(GAZETTEER_BIN) build/gen

.PHONY: gazetteer
gazetteer: $(GAZETTEER_OUT)
