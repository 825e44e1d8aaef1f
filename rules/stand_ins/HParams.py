class HParams:
    """Stand-in for tf.contrib.training.HParams, which TensorFlow 2 removed (written in by tf1lint).

    Covers what code usually calls: keyword construction, attributes, add_hparam, set_hparam,
    del_hparam, get, values, override_from_dict, parse("a=1,b=[2,3]"), parse_json and to_json.
    As before, a value keeps the type it was added with, and unknown names are errors."""

    def __init__(self, hparam_def=None, model_structure=None, **values):
        if hparam_def is not None:
            raise ValueError("this HParams stand-in cannot read an HParamDef protocol buffer")
        self._hparam_types = {}
        self._model_structure = model_structure
        for name, value in values.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        if getattr(self, name, None) is not None:
            raise ValueError(f"hyperparameter name is reserved or already used: {name}")
        is_list = isinstance(value, (list, tuple))
        if is_list and not value:
            raise ValueError(f"hyperparameter {name} cannot start as an empty list")
        sample = value[0] if is_list else value
        self._hparam_types[name] = (None if sample is None else type(sample), is_list)
        setattr(self, name, list(value) if is_list else value)

    def set_hparam(self, name, value):
        kind, is_list = self._hparam_types[name]
        if isinstance(value, (list, tuple)) != is_list:
            raise ValueError(f"hyperparameter {name} {'is' if is_list else 'is not'} a list")
        setattr(self, name, [self._cast(name, kind, item) for item in value] if is_list
                else self._cast(name, kind, value))

    @staticmethod
    def _cast(name, kind, value):
        if value is None or kind is None:
            return value
        if kind is bool:
            fits = isinstance(value, bool)
        elif issubclass(kind, str):
            fits = isinstance(value, str)
        elif issubclass(kind, (int, float, complex)):  # no bool or str for a number, no float for an int
            fits = isinstance(value, int if kind is int else (int, float, complex)) and not isinstance(value, bool)
        else:
            fits = isinstance(value, kind)
        if not fits:
            raise ValueError(f"hyperparameter {name} expects a {kind.__name__}, not {value!r}")
        return kind(value)

    def del_hparam(self, name):
        if name in self._hparam_types:
            delattr(self, name)
            del self._hparam_types[name]

    def get(self, key, default=None):
        return getattr(self, key) if key in self._hparam_types else default

    def values(self):
        return {name: getattr(self, name) for name in self._hparam_types}

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def parse(self, values):
        """Overrides from text such as "learning_rate=0.1,layers=[64,32],name=x"."""
        import ast as _ast
        import re as _re
        parsed = {}
        for name, raw in _re.findall(r"\s*(\w+)\s*=\s*(\[[^\]]*\]|[^,]*)\s*(?:,|$)", values or ""):
            kind, is_list = self._hparam_types[name]
            items = [item.strip() for item in raw.strip()[1:-1].split(",") if item.strip()] if is_list else [raw]
            converted = []
            for item in (item.strip() for item in items):
                if kind is str:
                    converted.append(item)
                elif kind is bool:
                    converted.append(item.lower() in ("true", "1"))
                else:  # numbers; a value added as None takes whatever literal is given
                    literal = _ast.literal_eval(item)
                    converted.append(literal if kind is None else kind(literal))
            parsed[name] = converted if is_list else converted[0]
        return self.override_from_dict(parsed)

    def to_json(self, indent=None, separators=None, sort_keys=False):
        import json as _json
        return _json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        import json as _json
        return self.override_from_dict(_json.loads(values_json))

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join(f"{name}={value}" for name, value in sorted(self.values().items()))

    def __repr__(self):
        return f"{type(self).__name__}({sorted(self.values().items())})"
