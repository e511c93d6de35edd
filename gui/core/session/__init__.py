"""The reading session: what one reader has open, shows and has done, with no Qt in it."""
