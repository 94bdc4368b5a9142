from types import SimpleNamespace

import matplotlib.pyplot as plt


def plot(X, Y, xlabel=None, ylabel=None, legend=(), xscale='linear', yscale='linear',
         fmts=('-', 'm--', 'g-.', 'r:'), figsize=(3.5, 2.5), axes=None):
    """d2l.plot: one curve or a list of curves, in d2l's formats, with a grid; in a
    figure of its own, shown at once, or on `axes` of a figure made with plt.subplots."""
    Y = Y if isinstance(Y, (list, tuple)) else [Y]
    own_figure = axes is None
    if own_figure:
        _, axes = plt.subplots(figsize=figsize)
    for y, fmt in zip(Y, fmts):
        axes.plot(X, y, fmt)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    if legend:
        axes.legend(legend)
    axes.grid()
    if own_figure:
        plt.show()


d2l = SimpleNamespace(plot=plot, plt=plt)
