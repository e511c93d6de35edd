"""Entity colours: the palette, contrast and colour vision."""
