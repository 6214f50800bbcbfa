"""Reads a Prometheus text exposition on stdin and prints its metric families as JSON, as Python's
prometheus_client parser reads them (test/helpers/prometheus-parser.ts runs this). A parse error exits 1."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    # JSON has no NaN or infinities; the caller gets them as Prometheus spells them.
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return value


families = [
    {
        "name": family.name,
        "type": family.type,
        "help": family.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples],
    }
    for family in text_string_to_metric_families(sys.stdin.read())
]
json.dump(families, sys.stdout)
