"""The strategies' implementation; ``dataset_schema.strategies`` re-exports the public part."""
