from generator import registry


def test_names_are_unique_and_lesson_order_is_known() -> None:
    names = [a.name for a in registry.ACTIVATIONS]
    assert len(names) == len(set(names))
    assert [a.name for a in registry.lesson_activations()] == list(registry.LESSON_ORDER)


def test_labels_follow_the_lesson() -> None:
    relu = registry.by_name("relu")
    assert (relu.label, relu.grad_label) == ("relu(x)", "grad of relu")


def test_unknown_name_lists_the_known_ones() -> None:
    try:
        registry.by_name("swishy")
    except KeyError as error:
        assert "relu" in str(error)
    else:
        raise AssertionError("by_name accepted an unknown activation")


def test_the_registry_imports_without_torch() -> None:
    import subprocess
    import sys

    code = "import sys, generator.registry, generator.pages; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
