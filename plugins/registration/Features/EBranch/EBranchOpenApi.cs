namespace PostalCrm.Plugins.Registration.EBranch;

/// <summary>
/// The static OpenAPI 3.0 description of the e-branch endpoints (Microsoft.AspNetCore.OpenApi would need the host to
/// map its endpoint, so the plugin serves this document itself).
/// </summary>
public static class EBranchOpenApi
{
    public const string Document = """
{
  "openapi": "3.0.3",
  "info": {
    "title": "邮政客户营销管理系统 · 电子化支局客户注册接口",
    "version": "1.0.0",
    "description": "F-3.11: 电子化支局经 ESB 提交客户注册申请,并在终审通过后取回客户信息与大客户号。请求头 X-Api-Key 携带分配的 API 密钥;缺少或无效时返回 401。"
  },
  "servers": [ { "url": "/" } ],
  "security": [ { "ApiKey": [] } ],
  "paths": {
    "/api/registration/ebranch/applications": {
      "post": {
        "summary": "提交客户注册申请",
        "description": "与门户“客户注册申报”相同的校验规则。相同的 externalRef 重复提交时返回已有的申请(200),不会重复创建。",
        "operationId": "createApplication",
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApplicationRequest" } } }
        },
        "responses": {
          "201": { "description": "申请已创建", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApplicationStatus" } } } },
          "200": { "description": "该 externalRef 的申请已存在,返回已有申请", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApplicationStatus" } } } },
          "400": { "description": "申请内容有误:errors 按字段列出中文说明,未保存任何内容", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ValidationProblem" } } } },
          "401": { "description": "缺少或无效的 API 密钥", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
      }
    },
    "/api/registration/ebranch/applications/{externalRef}": {
      "get": {
        "summary": "查询客户注册申请状态",
        "description": "返回状态(代码与中文);终审通过(Approved,开发成功)后同时返回客户详细信息与大客户号。",
        "operationId": "getApplication",
        "parameters": [ { "name": "externalRef", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 64 } } ],
        "responses": {
          "200": { "description": "申请状态", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ApplicationStatus" } } } },
          "404": { "description": "没有该 externalRef 的申请", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
          "401": { "description": "缺少或无效的 API 密钥", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
      }
    }
  },
  "components": {
    "securitySchemes": { "ApiKey": { "type": "apiKey", "in": "header", "name": "X-Api-Key" } },
    "schemas": {
      "ApplicationRequest": {
        "type": "object",
        "required": [ "externalRef", "applicantLogin", "departmentCode", "managerLogin", "lines" ],
        "properties": {
          "externalRef": { "type": "string", "maxLength": 64, "description": "电子化支局申请编号(幂等键)" },
          "applicantLogin": { "type": "string", "description": "申请客户经理的登录号" },
          "customerCode": { "type": "string", "description": "已有商务客户的代码;填写时忽略下列客户基本信息" },
          "customerName": { "type": "string", "maxLength": 200, "description": "客户名称(新客户必填)" },
          "customerShortName": { "type": "string", "maxLength": 100, "description": "客户简称(新客户必填)" },
          "industry": { "type": "string", "description": "所属行业名称(新客户必填)" },
          "level": { "type": "string", "description": "客户级别名称;总部客户一律为钻石级" },
          "isHeadquarters": { "type": "boolean", "description": "总部客户" },
          "districtCode": { "type": "string", "description": "所在区县的单位代码,须属于申请人所在市" },
          "address": { "type": "string", "maxLength": 300 },
          "postcode": { "type": "string", "description": "6位数字" },
          "phone": { "type": "string", "maxLength": 30 },
          "legalPerson": { "type": "string", "maxLength": 50 },
          "remarks": { "type": "string", "maxLength": 500 },
          "departmentCode": { "type": "string", "description": "邮政部门的单位代码(申请人所在市)" },
          "managerLogin": { "type": "string", "description": "该邮政部门的客户经理登录号" },
          "lines": { "type": "array", "minItems": 1, "items": { "$ref": "#/components/schemas/Line" } },
          "keyAccountNumber": { "type": "string", "description": "该客户已有大客户的大客户号(沿用)" },
          "newKeyAccountName": { "type": "string", "maxLength": 200, "description": "新大客户名称(未填大客户号时必填)" },
          "contactName": { "type": "string", "maxLength": 50, "description": "客户联系人姓名(必填)" },
          "contactDepartment": { "type": "string", "maxLength": 100 },
          "contactTitle": { "type": "string", "maxLength": 50 },
          "contactPhone": { "type": "string", "maxLength": 30 },
          "contactMobile": { "type": "string", "maxLength": 30 },
          "contactEmail": { "type": "string", "maxLength": 100 }
        }
      },
      "Line": {
        "type": "object",
        "required": [ "productLine", "businessType" ],
        "properties": {
          "productLine": { "type": "string", "description": "专业名称,如 速递" },
          "businessType": { "type": "string", "description": "该专业下的业务类型名称,如 全业务" }
        }
      },
      "ApplicationStatus": {
        "type": "object",
        "properties": {
          "externalRef": { "type": "string" },
          "applicationId": { "type": "integer" },
          "status": { "type": "string", "enum": [ "Submitted", "PreApproved", "InitialApproved", "Approved", "Rejected" ] },
          "statusName": { "type": "string", "description": "待预审、预审通过、初审通过、开发成功、预审驳回、初审驳回、开发失败" },
          "round": { "type": "integer", "description": "申请次数(重新申请后加一)" },
          "submittedAt": { "type": "string", "format": "date-time" },
          "lastOpinion": { "type": "string", "nullable": true, "description": "最近一次审批意见" },
          "keyAccountNo": { "type": "string", "nullable": true, "description": "大客户号(终审通过后)" },
          "customer": { "nullable": true, "allOf": [ { "$ref": "#/components/schemas/Customer" } ] }
        }
      },
      "Customer": {
        "type": "object",
        "properties": {
          "code": { "type": "string" }, "name": { "type": "string" }, "shortName": { "type": "string" },
          "industry": { "type": "string", "nullable": true }, "level": { "type": "string", "nullable": true },
          "isHeadquarters": { "type": "boolean" }, "city": { "type": "string" }, "district": { "type": "string" },
          "address": { "type": "string", "nullable": true }, "postcode": { "type": "string", "nullable": true },
          "phone": { "type": "string", "nullable": true }, "legalPerson": { "type": "string", "nullable": true }
        }
      },
      "Problem": {
        "type": "object",
        "properties": { "title": { "type": "string" }, "status": { "type": "integer" } }
      },
      "ValidationProblem": {
        "type": "object",
        "properties": {
          "title": { "type": "string" }, "status": { "type": "integer" },
          "errors": { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "string" } } }
        }
      }
    }
  }
}
""";
}
