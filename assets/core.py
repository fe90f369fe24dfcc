"""placeholder until written"""
ASSETS = []
