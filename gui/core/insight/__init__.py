"""Insight into a corpus store: timelines of queries, the entities that go together and their
network, and an overview of the whole corpus. Plain data for the charts and the command line."""
