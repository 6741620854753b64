"""tablerecover: rebuild the tables of 政府信息公开工作年度报告 from badly flattened web scrapes."""
__version__ = "0.1.0"
