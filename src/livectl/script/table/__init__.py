"""The endpoint table: every address livectl's script serves, as data, in registration order.

``endpoints`` holds the table (AbletonOSC's 494 addresses in AbletonOSC's order, then
livectl's extensions); ``endpoint`` the value types; ``enums`` Live's integer enumerations.
"""
