"""The occupation and skill taxonomy: ESCO import and the built-in compact taxonomy."""
