from types import SimpleNamespace

import matplotlib.pyplot as plt


def plot(X, Y, xlabel=None, ylabel=None, legend=(), figsize=(3.5, 2.5),
         fmts=('-', 'm--', 'g-.', 'r:')):
    """d2l.plot: one curve or a list of curves, in d2l's formats, with a grid."""
    Y = Y if isinstance(Y, (list, tuple)) else [Y]
    _, axes = plt.subplots(figsize=figsize)
    for y, fmt in zip(Y, fmts):
        axes.plot(X, y, fmt)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if legend:
        axes.legend(legend)
    axes.grid()
    plt.show()


d2l = SimpleNamespace(plot=plot)
