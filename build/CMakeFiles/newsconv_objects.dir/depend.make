# Empty dependencies file for newsconv_objects.
# This may be replaced when dependencies are built.
