"""Tools run by the Makefile: the site as PDF (`make pdf`) and the validators (`make audit`)."""
