#!/usr/bin/python3
# Reads a Prometheus text exposition on standard input and writes its
# families as JSON, parsed by the reference parser of Prometheus' own Python
# client (Debian's python3-prometheus-client), not by us:
#   [{"name", "type", "samples": [{"name", "labels", "value"}]}]
# A text it cannot parse exits non-zero with the parser's message.
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def value(v):
    return str(v) if math.isinf(v) or math.isnan(v) else v


families = [{"name": f.name, "type": f.type,
             "samples": [{"name": s.name, "labels": s.labels, "value": value(s.value)}
                         for s in f.samples]}
            for f in text_string_to_metric_families(sys.stdin.read())]
json.dump(families, sys.stdout)
