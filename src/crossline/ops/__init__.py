"""Operations: metrics, structured logs, health, backup and restore."""
