"""Demo content for seed_demo. Placeholder: being built."""


def seed_content(*, people, stdout=None) -> None:
    """Observations, ideas in every status, votes, comments, evidence."""
