"""outbound: what data a company actually sends abroad, checked against China's cross-border rules."""

__version__ = "0.1.0"
