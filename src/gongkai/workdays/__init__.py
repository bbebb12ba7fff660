"""The working-day calendar (工作日) and statutory clocks. Pure Python, no Django."""
