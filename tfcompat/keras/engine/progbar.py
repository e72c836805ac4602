"""Keras' progress bar (`tf.keras.utils.Progbar`) and the fit/evaluate logger that drives it:
`Epoch 1/2`, then ` 32/100 [========>......] - ETA: 0s - loss: 1.1514 - acc: 0.3750` redrawn
in place, ending `100/100 [======] - 0s 2ms/sample - loss: ... - acc: ...` (verbose=1), or one
`80/80 - 0s - loss: ... - 7ms/epoch - 90us/sample` line per epoch (verbose=2)."""
from __future__ import annotations

import os
import sys
import time

import numpy as np

from tfcompat.keras import callbacks as callbacks_mod


def _format_time(time_per_unit, unit_name):
    if time_per_unit >= 1 or time_per_unit == 0:
        return " %.0fs/%s" % (time_per_unit, unit_name)
    if time_per_unit >= 1e-3:
        return " %.0fms/%s" % (time_per_unit * 1000.0, unit_name)
    return " %.0fus/%s" % (time_per_unit * 1000000.0, unit_name)


def _value_text(avg, verbose=1):
    # as Keras: the one-line-per-epoch display (verbose=2) tests `avg > 1e-3`, not `abs(avg)`,
    # so a negative value prints as -2.4170e+01
    large = abs(avg) > 1e-3 if verbose == 1 else avg > 1e-3
    return " %.4f" % avg if large else " %.4e" % avg


class Progbar:
    """Displays a progress bar (tf_keras's generic_utils.Progbar)."""

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step"):
        self.target, self.width, self.verbose = target, width, verbose
        self.interval, self.unit_name = interval, unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._dynamic_display = ((hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
                                 or "ipykernel" in sys.modules or "posix" in sys.modules
                                 or "PYCHARM_HOSTED" in os.environ)
        self._total_width = 0
        self._seen_so_far = 0
        self._values, self._values_order = {}, []
        self._start = time.time()
        self._last_update = 0
        self._time_at_epoch_start = self._start
        self._time_at_epoch_end = None
        self._time_after_first_step = None

    def _accumulate(self, current, values):
        for k, v in values or []:
            if k not in self._values_order:
                self._values_order.append(k)
            if k in self.stateful_metrics:
                self._values[k] = [v, 1]
                continue
            base = max(current - self._seen_so_far, 1)
            if k not in self._values:
                self._values[k] = [v * base, base]
            else:
                self._values[k][0] += v * base
                self._values[k][1] += base
        self._seen_so_far = current

    def _bar(self, current):
        if self.target is None:
            return "%7d/Unknown" % current
        digits = int(np.log10(self.target)) + 1
        bar = ("%" + str(digits) + "d/%d [") % (current, self.target)
        progress = int(self.width * float(current) / self.target)
        if progress > 0:
            bar += "=" * (progress - 1) + (">" if current < self.target else "=")
        return bar + "." * (self.width - progress) + "]"

    def _averages(self):
        return "".join(" - %s:%s" % (k, _value_text(np.mean(
            self._values[k][0] / max(1, self._values[k][1])), self.verbose))
            for k in self._values_order)

    def update(self, current, values=None, finalize=None):
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        self._accumulate(current, values)
        now = time.time()
        info = " - %.0fs" % (now - self._start)
        if current == self.target:
            self._time_at_epoch_end = now
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            previous = self._total_width
            message = ("\b" * previous + "\r") if self._dynamic_display else "\n"
            bar = self._bar(current)
            self._total_width = len(bar)
            per_unit = self._estimate_step_duration(current, now)
            if self.target is None or finalize:
                info += _format_time(per_unit, self.unit_name)
            else:
                info = " - ETA: %s" % _eta_text(per_unit * (self.target - current))
            info += self._averages()
            self._total_width += len(info)
            if previous > self._total_width:
                info += " " * (previous - self._total_width)
            if finalize:
                info += "\n"
            sys.stdout.write(message + bar + info)
            sys.stdout.flush()
        elif self.verbose == 2 and finalize:
            digits = int(np.log10(self.target)) + 1
            info = ("%" + str(digits) + "d/%d") % (current, self.target) + info
            info += self._averages()
            if self._time_at_epoch_end:
                per_epoch = self._time_at_epoch_end - self._time_at_epoch_start
                self._time_at_epoch_start, self._time_at_epoch_end = now, None
                info += " -" + _format_time(per_epoch, "epoch")
                info += " -" + _format_time(per_epoch / self.target, self.unit_name)
                info += "\n"
            sys.stdout.write(info)
            sys.stdout.flush()
        self._last_update = now

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)

    def _estimate_step_duration(self, current, now):
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit


def _eta_text(eta):
    if eta > 3600:
        return "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return "%d:%02d" % (eta // 60, eta % 60)
    return "%ds" % eta


class ProgbarLogger(callbacks_mod.Callback):
    """The callback `fit` adds when `verbose` is set (count_mode='samples'); TF 2.21's v1
    `evaluate` and `predict` print nothing, and neither does this."""

    def __init__(self, count_mode="samples", stateful_metrics=None):
        super().__init__()
        if count_mode not in ("samples", "steps"):
            raise ValueError("Unknown `count_mode`: " + str(count_mode))
        self.use_steps = count_mode == "steps"
        self.stateful_metrics = set(stateful_metrics or ())
        self.progbar = None

    def set_params(self, params):
        self.params = params
        self.verbose = params["verbose"]
        self.epochs = params.get("epochs", 1)
        self.target = params["steps"] if self.use_steps else params["samples"]
        # the metrics are running means already (Keras' stateful metrics): shown as they are
        self.stateful_metrics |= {m for m in params.get("metrics", []) if m != "loss"}

    def _new_bar(self):
        self.seen = 0
        self.progbar = Progbar(self.target, verbose=self.verbose,
                               stateful_metrics=self.stateful_metrics,
                               unit_name="step" if self.use_steps else "sample")

    def on_epoch_begin(self, epoch, logs=None):
        self._new_bar()
        if self.verbose and self.epochs > 1:
            print("Epoch %d/%d" % (epoch + 1, self.epochs))

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        if self.use_steps:
            # NOTE: as TF 2.21's v1 loop, a step count shows `batch` and `size` as values too
            self.seen = batch + 1
            values = list(logs.items())
        else:
            self.seen += logs.get("size", 1)
            values = [(k, v) for k, v in logs.items() if k not in ("batch", "size")]
        if self.verbose == 1:
            self.progbar.update(self.seen, values, finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        values = [(k, v) for k, v in (logs or {}).items() if k not in ("batch", "size")]
        self.progbar.update(self.target, values, finalize=True)
