# Empty dependencies file for newsconv.
# This may be replaced when dependencies are built.
