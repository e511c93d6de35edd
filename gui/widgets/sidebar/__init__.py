"""The sidebar: the filter box and the document list, its model and delegate."""
