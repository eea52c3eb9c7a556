# Empty dependencies file for newsconv_shared.
# This may be replaced when dependencies are built.
