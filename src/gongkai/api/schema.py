"""The OpenAPI 3 description of the API (also committed as docs/openapi.json, tested for drift)."""

from __future__ import annotations

from typing import Any

PAGE_SIZE = 20


def openapi_schema(server: str = "/api/v1") -> dict[str, Any]:
    record = {
        "type": "object",
        "required": [
            "index_no",
            "title",
            "agency",
            "category",
            "document_no",
            "written_on",
            "published_on",
            "url",
        ],
        "properties": {
            "index_no": {
                "type": "string",
                "description": "索引号",
                "example": "KQZ-GZDT-2023-00001",
            },
            "title": {"type": "string", "description": "标题"},
            "agency": {"type": "string", "description": "机关代码", "example": "KQZ"},
            "category": {"type": "string", "description": "栏目代码", "example": "gzdt"},
            "document_no": {"type": "string", "description": "文号（可为空字符串）"},
            "written_on": {"type": "string", "format": "date", "description": "成文日期"},
            "published_on": {
                "type": "string",
                "format": "date",
                "nullable": True,
                "description": "发布日期（没有时为 null）",
            },
            "url": {"type": "string", "format": "uri", "description": "门户上的信息页面"},
        },
    }
    error = {
        "type": "object",
        "required": ["error", "field"],
        "properties": {"error": {"type": "string"}, "field": {"type": "string"}},
    }

    def param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": schema,
        }

    return {
        "openapi": "3.0.3",
        "info": {
            "title": "政府信息公开平台 数据接口",
            "version": "1.0.0",
            "description": "主动公开的政府信息（只含已发布的信息），只读。",
        },
        "servers": [{"url": server}],
        "paths": {
            "/records": {
                "get": {
                    "operationId": "listRecords",
                    "summary": "已发布的政府信息：筛选、全文检索、分页",
                    "parameters": [
                        param("agency", "机关代码，例如 KQZ", {"type": "string"}),
                        param("year", "发布年份", {"type": "integer", "minimum": 1900}),
                        param("category", "栏目代码（含下级栏目），例如 gzdt", {"type": "string"}),
                        param(
                            "q",
                            "检索词（中文分词；多个词须同时出现）",
                            {"type": "string", "maxLength": 100},
                        ),
                        param(
                            "sort",
                            "relevance：按相关度（有检索词时）；date：按发布日期从新到旧",
                            {
                                "type": "string",
                                "enum": ["relevance", "date"],
                                "default": "relevance",
                            },
                        ),
                        param(
                            "page",
                            f"页码，每页 {PAGE_SIZE} 条",
                            {"type": "integer", "minimum": 1, "maximum": 500, "default": 1},
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "一页结果和精确的总数",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["count", "next", "results"],
                                        "properties": {
                                            "count": {
                                                "type": "integer",
                                                "description": "符合条件的总数",
                                            },
                                            "next": {
                                                "type": "string",
                                                "format": "uri",
                                                "nullable": True,
                                                "description": "下一页的地址，没有下一页时为 null",
                                            },
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Record"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "参数错误",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                        "414": {
                            "description": "网址过长（field 为空字符串）",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {"schemas": {"Record": record, "Error": error}},
    }
