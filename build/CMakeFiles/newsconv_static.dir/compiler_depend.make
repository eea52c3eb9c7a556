# Empty compiler generated dependencies file for newsconv_static.
# This may be replaced when dependencies are built.
