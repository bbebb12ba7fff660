"""The read-only JSON API (one class per operation) and its OpenAPI description."""
