"""GraphiQL served entirely by aiproxy: its assets are pinned in assets.toml and installed locally."""
