"""Old and alternative spellings of `tf.*` names, in one table (six-style)."""
from __future__ import annotations

ALIASES = {
    "mul": "multiply", "sub": "subtract", "neg": "negative", "pack": "stack",
    "unpack": "unstack", "select": "where", "batch_matmul": "matmul", "concat_v2": "concat",
    "random_crop_placeholder": None, "to_float": "to_float",
    "random_normal_initializer": None,
}


def install(namespace: dict) -> None:
    for alias, target in ALIASES.items():
        if target is not None and target in namespace and alias not in namespace:
            namespace[alias] = namespace[target]
