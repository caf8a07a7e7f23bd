#!/usr/bin/env python3
"""Reads a TensorBoard event file with TensorBoard's own reader (PyPI `tensorboard`) and prints what it holds, one
line each, for tests/unit/tensorboard_events_test.cpp:
  scalar TAG STEP VALUE
  hparam NAME VALUE          (the HParams plugin's session_start_info)
  session_end STATUS
"""
import sys

from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from tensorboard.plugins.hparams import plugin_data_pb2


def main(path):
    records = 0
    for event in EventFileLoader(path).Load():
        records += 1
        for value in event.summary.value:
            if value.metadata.plugin_data.plugin_name == "hparams":
                data = plugin_data_pb2.HParamsPluginData.FromString(value.metadata.plugin_data.content)
                if data.HasField("session_start_info"):
                    for name, v in sorted(data.session_start_info.hparams.items()):
                        kind = v.WhichOneof("kind")
                        print("hparam", name, repr(getattr(v, kind)))
                if data.HasField("session_end_info"):
                    print("session_end", data.session_end_info.status)
            elif value.HasField("simple_value"):
                print("scalar", value.tag, event.step, repr(value.simple_value))
            elif value.HasField("tensor"):  # the loader's v2 conversion of simple values
                print("scalar", value.tag, event.step, repr(float(value.tensor.float_val[0])))
    print("records", records)


if __name__ == "__main__":
    main(sys.argv[1])
